using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace Bosun.TestKit;

/// <summary>
/// A real PostgreSQL server (Debian's <c>postgresql</c> package, installed by <c>eng/test.sh</c>): a fresh cluster made by
/// <c>initdb</c> in a temporary directory and run by <c>postgres</c> on a free loopback port. The server refuses to
/// run as root, so under root both run as the unprivileged <c>postgres</c> user. Tests isolate by a database each
/// (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresServer : ChildServer
{
    private static readonly string[] BinDirectories = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];
    private int _databases;
    private readonly string _bin;
    private readonly string _data;
    private readonly string[] _arguments;

    private PostgresServer((Process, ConcurrentQueue<string>) child, string directory, int port, string bin, string data, string[] arguments)
        : base("postgres", child, directory, new Uri($"tcp://127.0.0.1:{port}/"))
    {
        Port = port;
        _bin = bin;
        _data = data;
        _arguments = arguments;
    }

    public int Port { get; }

    /// <summary>A connection string to <paramref name="database"/> as the superuser (trust authentication on loopback).</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true }.ToString();

    /// <summary>Starts a fresh cluster; <paramref name="settings"/> are extra <c>name=value</c> server settings.</summary>
    public static async Task<PostgresServer> StartAsync(params string[] settings)
    {
        var bin = BinDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")))
            ?? throw new InvalidOperationException("postgresql is not installed: eng/test.sh installs the Debian package 'postgresql' (apt-get install postgresql)");
        var directory = NewDirectory("postgres");
        var data = Path.Combine(directory, "data");
        var root = Environment.UserName == "root";
        if (root)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }
        await RunAsync(AsServerUser(root, Path.Combine(bin, "initdb")), [.. AsServerUserArgs(root, Path.Combine(bin, "initdb")),
            "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-instructions"]);
        var port = FreePort();
        string[] arguments = ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-h", "127.0.0.1", "-k", directory,
            "-c", "max_connections=300", "-c", "shared_buffers=64MB", "-c", "log_min_messages=warning", .. settings.SelectMany(setting => new[] { "-c", setting })];
        var server = new PostgresServer(LaunchServer(bin, arguments), directory, port, bin, data, arguments);
        await server.WaitAsync(server.AnswersAsync, "PostgreSQL to accept connections");
        return server;
    }

    /// <summary>Shuts the server down (fast: open transactions are rolled back, clients are disconnected); its files stay.</summary>
    public Task StopAsync()
    {
        var pgctl = Path.Combine(_bin, "pg_ctl");
        var root = Environment.UserName == "root";
        return RunAsync(AsServerUser(root, pgctl), [.. AsServerUserArgs(root, pgctl), "-D", _data, "-m", "fast", "-w", "stop"]);
    }

    /// <summary>Starts the stopped server again, on the same files and port.</summary>
    public async Task StartAgainAsync()
    {
        Replace(LaunchServer(_bin, _arguments));
        await WaitAsync(AnswersAsync, "PostgreSQL to accept connections again");
    }

    private static (Process, ConcurrentQueue<string>) LaunchServer(string bin, string[] arguments)
    {
        var postgres = Path.Combine(bin, "postgres");
        var root = Environment.UserName == "root";
        return Launch(AsServerUser(root, postgres), [.. AsServerUserArgs(root, postgres), .. arguments]);
    }

    /// <summary>A new, empty database of its own, for one test class.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}_{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString());
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static string AsServerUser(bool root, string binary) => root ? "runuser" : binary;

    private static string[] AsServerUserArgs(bool root, string binary) => root ? ["-u", "postgres", "--", binary] : [];

    private static async Task RunAsync(string binary, string[] arguments)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{binary} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
