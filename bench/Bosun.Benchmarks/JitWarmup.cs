using Bosun.TestKit;

namespace Bosun.Benchmarks;

/// <summary>
/// Warms a server up until its JIT is quiet: a process a few seconds old still compiles hundreds of methods on a
/// background thread (a core of this machine's two), which is start-up, not the path a scenario measures.
/// </summary>
internal static class JitWarmup
{
    /// <summary>Runs <paramref name="step"/> until one run finds the server's JIT compiling fewer than <paramref name="quiet"/> methods.</summary>
    /// <returns>The runs: at least <paramref name="min"/>, at most <paramref name="max"/>.</returns>
    public static async Task<int> RunAsync(HttpClient client, Func<Task> step, int min, int max, int quiet)
    {
        var runs = 0;
        while (runs < max)
        {
            var before = await CompiledAsync(client);
            await step();
            runs++;
            if (runs >= min && await CompiledAsync(client) - before < quiet)
            {
                break;
            }
        }
        return runs;
    }

    private static async Task<double> CompiledAsync(HttpClient client) =>
        PrometheusText.Sum(PrometheusText.Parse(await client.GetStringAsync("/metrics")), "dotnet_jit_compiled_methods_total");
}
