using Bosun.Fuzz;
using SharpFuzz;

// bosun-fuzz TARGET            run under afl-fuzz (SharpFuzz's fork server; eng/fuzz.sh starts it)
// bosun-fuzz TARGET FILE...    run each file once and report any unexpected exception (a found crash replayed)
if (args.Length == 0 || FuzzTarget.All.FirstOrDefault(t => t.Name == args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: Bosun.Fuzz <{string.Join('|', FuzzTarget.All.Select(t => t.Name))}> [FILE...]");
    return 2;
}
if (args.Length > 1)
{
    var failed = 0;
    foreach (var file in args.Skip(1))
    {
        try
        {
            target.Run(File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            failed++;
            Console.Error.WriteLine($"{file}: {e.GetType().Name}: {e.Message}");
        }
    }
    return failed == 0 ? 0 : 1;
}
Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;
