using System.Security.Cryptography;
using System.Text;

namespace DocStream.MongoEmulator.Auth;

/// <summary>
/// The server-side SCRAM secrets for one user and mechanism (RFC 5802): salt, iteration count,
/// StoredKey = H(ClientKey) and ServerKey. The password itself is not kept.
/// </summary>
internal sealed class ScramCredential
{
    private ScramCredential(string mechanism, HashAlgorithmName hash, string username, byte[] salt, int iterations, byte[] saltedPassword)
    {
        Mechanism = mechanism;
        Hash = hash;
        Username = username;
        Salt = salt;
        Iterations = iterations;
        var clientKey = Hmac(hash, saltedPassword, "Client Key"u8.ToArray());
        StoredKey = Digest(hash, clientKey);
        ServerKey = Hmac(hash, saltedPassword, "Server Key"u8.ToArray());
    }

    public string Mechanism { get; }

    public HashAlgorithmName Hash { get; }

    public string Username { get; }

    public byte[] Salt { get; }

    public int Iterations { get; }

    public byte[] StoredKey { get; }

    public byte[] ServerKey { get; }

    public static ScramCredential Sha256(string username, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(28);
        const int iterations = 15000;
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        return new ScramCredential("SCRAM-SHA-256", HashAlgorithmName.SHA256, username, salt, iterations, salted);
    }

    /// <summary>MongoDB's SCRAM-SHA-1 hashes the password first: hex(MD5("user:mongo:password")).</summary>
    public static ScramCredential Sha1(string username, string password)
    {
#pragma warning disable CA5351 // MD5 is mandated by MongoDB's SCRAM-SHA-1 password digest, not used for security here.
        var digest = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{username}:mongo:{password}")));
#pragma warning restore CA5351
        var salt = RandomNumberGenerator.GetBytes(16);
        const int iterations = 10000;
#pragma warning disable CA5350 // SHA-1 is what the SCRAM-SHA-1 mechanism is defined with.
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(digest), salt, iterations, HashAlgorithmName.SHA1, 20);
#pragma warning restore CA5350
        return new ScramCredential("SCRAM-SHA-1", HashAlgorithmName.SHA1, username, salt, iterations, salted);
    }

    public static byte[] Hmac(HashAlgorithmName hash, byte[] key, byte[] data) => hash == HashAlgorithmName.SHA256
        ? HMACSHA256.HashData(key, data)
#pragma warning disable CA5350
        : HMACSHA1.HashData(key, data);
#pragma warning restore CA5350

    public static byte[] Digest(HashAlgorithmName hash, byte[] data) => hash == HashAlgorithmName.SHA256
        ? SHA256.HashData(data)
#pragma warning disable CA5350
        : SHA1.HashData(data);
#pragma warning restore CA5350
}
