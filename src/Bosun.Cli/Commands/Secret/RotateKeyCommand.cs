using System.CommandLine;
using System.Security.Cryptography;
using Bosun.Server.Secrets;
using Bosun.Storage;
using Bosun.Storage.Postgres;
using Bosun.Storage.Sqlite;

namespace Bosun.Cli.Commands.Secret;

/// <summary>
/// <c>bosun secrets rotate-key</c> (DESIGN §8): re-seals every secret in one transaction, on the store itself (the data
/// directory's SQLite file, or PostgreSQL), beside a running server or a stopped one.
/// </summary>
internal static class RotateKeyCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "The data directory of bosun serve (its bosun.db and secret-key) [env: BOSUN_DATA]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BOSUN_DATA") is { Length: > 0 } value ? value : "./data",
        };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "The replicas' PostgreSQL instead: every secret is sealed again with BOSUN_SECRET_KEY [env: BOSUN_POSTGRES]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BOSUN_POSTGRES") is { Length: > 0 } value ? value : null,
        };
        var command = new Command("rotate-key", """
            Seal every secret again, in one transaction

            On a data directory (no BOSUN_SECRET_KEY set) a new key is made: secret-key holds it afterwards and
            secret-key.previous the old one; a server running on the directory keeps reading every secret. With keys from
            the environment (replicas): give every replica the new key as BOSUN_SECRET_KEY and the old one as
            BOSUN_SECRET_KEY_PREVIOUS, run this with the same two, then drop the old key.

            Examples:
              bosun secrets rotate-key --data ./data
              BOSUN_SECRET_KEY=<new> BOSUN_SECRET_KEY_PREVIOUS=<old> bosun secrets rotate-key --postgres "Host=db;..."
            """)
        {
            data, postgres,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var connection = result.GetValue(postgres);
            var directory = result.GetValue(data)!;
            try
            {
                if (string.IsNullOrEmpty(connection) && !File.Exists(Path.Combine(directory, "bosun.db")))
                {
                    throw new ArgumentException($"--data: {directory} holds no Bosun store (bosun.db); give the directory bosun serve uses, or --postgres");
                }
                var keys = SealingKeys.Load(string.IsNullOrEmpty(connection) ? directory : null);
                using IStore store = string.IsNullOrEmpty(connection)
                    ? SqliteStore.Open(Path.Combine(directory, "bosun.db"))
                    : await PostgresStore.OpenAsync(connection, cancellationToken);
                var outcome = await SecretKeyRotation.RotateAsync(store, keys, TimeProvider.System, cancellationToken);
                Console.WriteLine(outcome.NewKey
                    ? $"Sealed {outcome.Resealed} secret(s) with a new key: {Path.Combine(directory, SealingKeys.KeyFile)} holds it, {SealingKeys.PreviousFile} the old one"
                    : $"Sealed {outcome.Resealed} secret(s) with the current key (BOSUN_SECRET_KEY); the old key can now be dropped");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or StoreSchemaException or StoreUnavailableException)
            {
                await Console.Error.WriteLineAsync($"bosun secrets rotate-key: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is CryptographicException or InvalidOperationException or System.Data.Common.DbException)
            {
                await Console.Error.WriteLineAsync($"bosun secrets rotate-key: {e.Message}; no secret was changed");
                return ExitCodes.Failure;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"bosun secrets rotate-key: {e.Message}; run it again to finish the rotation");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
