using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DocStream.Dashboard.Security;

/// <summary>
/// Tells which role an access key grants. Both sides are hashed first so the comparison takes the same time
/// whatever the key's length or how much of it matches; every configured key is compared on every attempt.
/// </summary>
public sealed class AccessKeyVerifier
{
    private readonly (byte[] Hash, string Role)[] _keys;

    public AccessKeyVerifier(IOptions<AccessKeyOptions> options)
    {
        var keys = new List<(byte[], string)>();
        if (!string.IsNullOrEmpty(options.Value.Operator))
        {
            keys.Add((Hash(options.Value.Operator), DashboardRoles.Operator));
        }
        if (!string.IsNullOrEmpty(options.Value.Viewer))
        {
            keys.Add((Hash(options.Value.Viewer), DashboardRoles.Viewer));
        }
        _keys = [.. keys];
    }

    public bool Enabled => _keys.Length > 0;

    /// <summary>The role of <paramref name="key"/>, or null when it is no configured key.</summary>
    public string? RoleOf(string? key)
    {
        var sent = Hash(key ?? "");
        string? role = null;
        foreach (var (hash, keyRole) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(sent, hash))
            {
                role ??= keyRole;
            }
        }
        return role;
    }

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
