using System.Security.Cryptography;
using Bosun.Server.Hosting;

namespace Bosun.Server.Secrets;

/// <summary>
/// The keys secrets are sealed with: the current one seals, every one opens (trial decryption; AES-GCM says which
/// fits). From the environment: <c>BOSUN_SECRET_KEY</c> or <c>BOSUN_SECRET_KEY_FILE</c> is current and
/// <c>BOSUN_SECRET_KEY_PREVIOUS</c> (base64 keys, comma-separated) opens what older keys sealed. Else from the data
/// directory: <c>secret-key</c> (created on first use, mode 600), and while a rotation runs or after it,
/// <c>secret-key.next</c> and <c>secret-key.previous</c>. Keys kept in files are read again when a file changes, so
/// a server keeps reading its secrets while <c>bosun secrets rotate-key</c> replaces its key.
/// </summary>
internal sealed class SealingKeys
{
    public const string KeyFile = "secret-key";
    public const string NextFile = "secret-key.next";
    public const string PreviousFile = "secret-key.previous";
    public const string KeyFileVariable = "BOSUN_SECRET_KEY_FILE";
    public const string PreviousVariable = "BOSUN_SECRET_KEY_PREVIOUS";
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);
    private readonly Func<(byte[] Current, IReadOnlyList<byte[]> Others)> _read;
    private readonly string[] _files;
    private readonly Lock _lock = new();
    private (byte[] Current, IReadOnlyList<byte[]> Others) _keys;
    private DateTime[] _stamps;
    private long _checkedAt;

    private SealingKeys(Func<(byte[] Current, IReadOnlyList<byte[]> Others)> read, string[] files)
    {
        _read = read;
        _files = files;
        _stamps = Stamps();
        _keys = read();
        _checkedAt = Environment.TickCount64;
    }

    /// <summary>The data directory whose key files these are; null when the keys come from the environment.</summary>
    public string? DataDirectory { get; private init; }

    public byte[] Current => Fresh().Current;

    /// <summary>Every key that may open a sealed value, the current one first.</summary>
    public IReadOnlyList<byte[]> All
    {
        get
        {
            var (current, others) = Fresh();
            return [current, .. others];
        }
    }

    /// <summary>Keys given outright (tests, and a rotation's own view).</summary>
    public static SealingKeys Of(byte[] current, params byte[][] others) => new(() => (current, others), []);

    /// <summary>The keys from the environment, or else the data directory's files (the key file created on first use).</summary>
    /// <param name="dataDirectory">Null when the key must be given (replicas share one key: it is never generated then).</param>
    /// <exception cref="ArgumentException">Both forms are set, a key is not 32 bytes in base64, or none is set where one must be.</exception>
    public static SealingKeys Load(string? dataDirectory) =>
        Load(dataDirectory, Environment.GetEnvironmentVariable("BOSUN_SECRET_KEY"), Environment.GetEnvironmentVariable(KeyFileVariable), Environment.GetEnvironmentVariable(PreviousVariable));

    public static SealingKeys Load(string? dataDirectory, string? configured, string? file, string? previous)
    {
        if (!string.IsNullOrEmpty(configured) && !string.IsNullOrEmpty(file))
        {
            throw new ArgumentException($"set BOSUN_SECRET_KEY or {KeyFileVariable}, not both");
        }
        var others = (previous ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Decode(k, PreviousVariable)).ToList();
        if (!string.IsNullOrEmpty(file))
        {
            return new SealingKeys(() => (Decode(SecretFile.Read(file, KeyFileVariable), KeyFileVariable), others), [file]);
        }
        if (!string.IsNullOrEmpty(configured))
        {
            var key = Decode(configured, "BOSUN_SECRET_KEY");
            return new SealingKeys(() => (key, others), []);
        }
        if (dataDirectory is null)
        {
            throw new ArgumentException($"--postgres needs the secret-sealing key every replica shares: set BOSUN_SECRET_KEY or {KeyFileVariable} (32 bytes in base64)");
        }
        var path = Path.Combine(dataDirectory, KeyFile);
        OwnerOnlyFile.ReadOrCreate(path, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        string[] files = [path, Path.Combine(dataDirectory, NextFile), Path.Combine(dataDirectory, PreviousFile)];
        return new SealingKeys(() =>
        {
            var current = Decode(File.ReadAllText(path).Trim(), path);
            var rest = files[1..].Where(File.Exists).Select(f => Decode(File.ReadAllText(f).Trim(), f));
            return (current, [.. rest, .. others]);
        }, files)
        { DataDirectory = dataDirectory };
    }

    /// <summary>Reads the key files again now (a value would not open with the keys held).</summary>
    public void Reload()
    {
        lock (_lock)
        {
            _stamps = Stamps();
            _keys = _read();
            _checkedAt = Environment.TickCount64;
        }
    }

    private (byte[] Current, IReadOnlyList<byte[]> Others) Fresh()
    {
        if (_files.Length == 0 || Environment.TickCount64 - Volatile.Read(ref _checkedAt) < RecheckAfter.TotalMilliseconds)
        {
            return _keys;
        }
        lock (_lock)
        {
            var stamps = Stamps();
            if (!stamps.SequenceEqual(_stamps))
            {
                _keys = _read();
                _stamps = stamps;
            }
            _checkedAt = Environment.TickCount64;
            return _keys;
        }
    }

    private DateTime[] Stamps() => [.. _files.Select(f => File.Exists(f) ? File.GetLastWriteTimeUtc(f) : DateTime.MinValue)];

    /// <exception cref="ArgumentException">The text is not 32 bytes in base64.</exception>
    public static byte[] Decode(string text, string where)
    {
        try
        {
            var key = Convert.FromBase64String(text);
            return key.Length == 32 ? key : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ArgumentException($"{where} must hold 32 bytes in base64 (e.g. from `openssl rand -base64 32`)");
        }
    }
}
