using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace DocStream.Dashboard.SecurityTests.Infrastructure;

/// <summary>
/// The RSA key every provider of this test process signs with (RS256, as Entra ID signs). Made once, in
/// memory only: a 2048-bit key takes 0.1 to 3 s to generate on a busy machine, which OpenIddict's
/// AddEphemeralSigningKey would spend again on every provider's first request.
/// </summary>
internal static class TestSigningKey
{
    private static readonly Lazy<RsaSecurityKey> Key = new(() =>
        new RsaSecurityKey(RSA.Create(2048)) { KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) });

    public static RsaSecurityKey Value => Key.Value;
}
