using System.CommandLine;
using Bosun.Storage;
using Bosun.Storage.Copy;

namespace Bosun.Cli.Commands.Migrate;

/// <summary><c>bosun migrate --from-sqlite PATH --postgres CONNSTR</c> (DESIGN §5): moving an installation up to PostgreSQL.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var from = new Option<string?>("--from-sqlite") { Description = "The SQLite database to copy: bosun.db in the data directory (stop bosun serve first)" };
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Connection string of the empty PostgreSQL database to copy into [env: BOSUN_POSTGRES]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("BOSUN_POSTGRES") is { Length: > 0 } value ? value : null,
        };
        var command = new Command("migrate", """
            Copy a whole SQLite installation into an empty PostgreSQL database

            Projects, files, events, sequences with their timers, uniform registrations, secrets (still sealed: serve with
            the same BOSUN_SECRET_KEY, or the data directory's secret-key file) and the integrations' work in hand are
            copied in one transaction, and the counts are checked before it commits. A database that is not empty is refused.
            Then `bosun serve --postgres CONNSTR` carries on every open sequence where it stood.

            Example:
              bosun migrate --from-sqlite data/bosun.db --postgres "Host=db;Database=bosun;Username=bosun;Password=..."
            """)
        {
            from, postgres,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(from);
            var connection = result.GetValue(postgres);
            if (string.IsNullOrEmpty(path) || string.IsNullOrEmpty(connection))
            {
                await Console.Error.WriteLineAsync("bosun migrate: give --from-sqlite PATH and --postgres CONNSTR (or BOSUN_POSTGRES)");
                return ExitCodes.Usage;
            }
            try
            {
                var copied = await SqliteToPostgres.CopyAsync(path, connection, cancellationToken);
                Console.WriteLine($"Copied {path} into PostgreSQL; the counts match:");
                foreach (var (table, rows) in copied)
                {
                    Console.WriteLine($"  {table,-18} {rows,10}");
                }
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or StoreSchemaException or StoreUnavailableException)
            {
                await Console.Error.WriteLineAsync($"bosun migrate: {e.Message}");
                return ExitCodes.Usage;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or System.Data.Common.DbException)
            {
                await Console.Error.WriteLineAsync($"bosun migrate: {e.Message}; nothing was committed");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
