using System.Security.Cryptography;

namespace Bosun.Server.Hosting;

/// <summary>The API token: given, or generated once and kept in the data directory (mode 600).</summary>
internal sealed class ApiToken
{
    public const string FileName = "api-token";

    private ApiToken(string value, bool generated)
    {
        Value = value;
        Generated = generated;
        Hash = Access.TokenDirectory.Hash(value);
    }

    public string Value { get; }

    /// <summary>The SHA-256 of the value, as every named token is kept (DESIGN §8).</summary>
    public byte[] Hash { get; }

    /// <summary>True when this start created the token (it is printed once, then only kept in the file).</summary>
    public bool Generated { get; }

    /// <param name="dataDirectory">Where a token is generated and kept when none is given; null when it must be given (replicas).</param>
    /// <exception cref="ArgumentException">Both a token and a token file are given, the file holds no token, or none is given where one must be.</exception>
    public static ApiToken Resolve(string? given, string? file, string? dataDirectory)
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
        if (dataDirectory is null)
        {
            throw new ArgumentException("--postgres needs the API token every replica shares: give --api-token (BOSUN_API_TOKEN) or --api-token-file");
        }
        var (token, created) = OwnerOnlyFile.ReadOrCreate(Path.Combine(dataDirectory, FileName), () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
        return new ApiToken(token, created);
    }

    /// <summary>Compares in constant time (hashes first, so the length of the token does not leak either).</summary>
    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Hash, Access.TokenDirectory.Hash(presented));
}
