using System.Security.Cryptography;
using System.Text;

namespace DocStream.MongoEmulator.Auth;

/// <summary>
/// The server side of one SCRAM exchange (RFC 5802 / RFC 7677):
/// client-first -> server-first (nonce, salt, iterations); client-final (proof) -> server-final (signature).
/// </summary>
internal sealed class ScramConversation
{
    private readonly Func<string, ScramCredential?> _lookup;
    private ScramCredential? _credential;
    private string _clientFirstBare = "";
    private string _serverFirst = "";
    private string _nonce = "";

    public ScramConversation(string mechanism, Func<string, ScramCredential?> lookup)
    {
        Mechanism = mechanism;
        _lookup = lookup;
    }

    public string Mechanism { get; }

    public bool Completed { get; private set; }

    public string? Username => _credential?.Username;

    /// <summary>Returns the server-first message, or null when the message is malformed or the user unknown.</summary>
    public byte[]? Start(byte[] clientFirst)
    {
        var text = Encoding.UTF8.GetString(clientFirst);
        // gs2 header "n,," (no channel binding, no authzid), then the bare message "n=user,r=nonce".
        if (!text.StartsWith("n,", StringComparison.Ordinal) && !text.StartsWith("y,", StringComparison.Ordinal))
        {
            return null;
        }
        var secondComma = text.IndexOf(',', 2);
        if (secondComma < 0)
        {
            return null;
        }
        _clientFirstBare = text[(secondComma + 1)..];
        var attributes = Parse(_clientFirstBare);
        if (!attributes.TryGetValue('n', out var user) || !attributes.TryGetValue('r', out var clientNonce))
        {
            return null;
        }
        user = user.Replace("=2C", ",", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal);
        _credential = _lookup(user);
        // Unknown users still get a server-first message (with a random salt) so they fail at the proof, like MongoDB.
        var salt = _credential?.Salt ?? RandomNumberGenerator.GetBytes(16);
        var iterations = _credential?.Iterations ?? 15000;
        _nonce = clientNonce + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        _serverFirst = $"r={_nonce},s={Convert.ToBase64String(salt)},i={iterations}";
        return Encoding.UTF8.GetBytes(_serverFirst);
    }

    /// <summary>Verifies the client proof. Returns the server-final message, or null when authentication fails.</summary>
    public byte[]? Finish(byte[] clientFinal)
    {
        var text = Encoding.UTF8.GetString(clientFinal);
        var proofAt = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofAt < 0 || _credential is null)
        {
            return null;
        }
        var withoutProof = text[..proofAt];
        var attributes = Parse(text);
        if (!attributes.TryGetValue('r', out var nonce) || nonce != _nonce || !attributes.TryGetValue('p', out var proofText))
        {
            return null;
        }
        byte[] proof;
        try
        {
            proof = Convert.FromBase64String(proofText);
        }
        catch (FormatException)
        {
            return null;
        }
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{_serverFirst},{withoutProof}");
        var hash = _credential.Hash;
        var clientSignature = ScramCredential.Hmac(hash, _credential.StoredKey, authMessage);
        if (proof.Length != clientSignature.Length)
        {
            return null;
        }
        var clientKey = new byte[proof.Length];
        for (var i = 0; i < proof.Length; i++)
        {
            clientKey[i] = (byte)(proof[i] ^ clientSignature[i]);
        }
        if (!CryptographicOperations.FixedTimeEquals(ScramCredential.Digest(hash, clientKey), _credential.StoredKey))
        {
            return null;
        }
        Completed = true;
        var serverSignature = ScramCredential.Hmac(hash, _credential.ServerKey, authMessage);
        return Encoding.UTF8.GetBytes("v=" + Convert.ToBase64String(serverSignature));
    }

    private static Dictionary<char, string> Parse(string message)
    {
        var result = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length >= 2 && part[1] == '=')
            {
                result[part[0]] = part[2..];
            }
        }
        return result;
    }
}
