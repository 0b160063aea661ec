using System.Security.Cryptography;
using System.Text;

namespace Bosun.Server.Hosting;

/// <summary>The API token: given, or generated once and kept in the data directory (mode 600).</summary>
internal sealed class ApiToken
{
    public const string FileName = "api-token";
    private readonly byte[] _hash;

    private ApiToken(string value, bool generated)
    {
        Value = value;
        Generated = generated;
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    public string Value { get; }

    /// <summary>True when this start created the token (it is printed once, then only kept in the file).</summary>
    public bool Generated { get; }

    /// <exception cref="ArgumentException">Both a token and a token file are given, or the file holds no token.</exception>
    public static ApiToken Resolve(string? given, string? file, string dataDirectory)
    {
        if (!string.IsNullOrEmpty(given) && !string.IsNullOrEmpty(file))
        {
            throw new ArgumentException("give --api-token or --api-token-file, not both");
        }
        if (!string.IsNullOrEmpty(file))
        {
            return new ApiToken(SecretFile.Read(file, "--api-token-file"), false);
        }
        if (!string.IsNullOrEmpty(given))
        {
            return new ApiToken(given, false);
        }
        var (token, created) = OwnerOnlyFile.ReadOrCreate(Path.Combine(dataDirectory, FileName), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        return new ApiToken(token, created);
    }

    /// <summary>Compares in constant time (hashes first, so the length of the token does not leak either).</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_hash, SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
