using Bosun.Fuzz;

namespace Bosun.Server.Tests.Hostile;

/// <summary>
/// Every fuzz target over its seed corpus and over everything the fuzzer ever found (<c>found/</c>, kept as
/// regressions by <c>eng/fuzz.sh</c>): none may throw what its parser does not promise. Also keeps the harness from rotting.
/// </summary>
public sealed class FuzzCorpusTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        foreach (var target in FuzzTarget.All)
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", target.Name);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                data.Add(target.Name, Path.GetRelativePath(folder, file));
            }
        }
        return data;
    }

    [Fact]
    public void EveryTarget_HasASeedCorpus() =>
        Assert.All(FuzzTarget.All, t => Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", t.Name))));

    [Theory]
    [MemberData(nameof(Inputs))]
    public void CorpusInput_RunsWithoutAnUnpromisedException(string target, string file)
    {
        var input = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "fuzz", target, file));
        FuzzTarget.All.Single(t => t.Name == target).Run(input);
    }
}
