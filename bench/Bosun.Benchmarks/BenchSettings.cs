namespace Bosun.Benchmarks;

/// <summary>Sizes of one run; <c>--smoke</c> shrinks them so CI runs every scenario in seconds.</summary>
internal sealed record BenchSettings(int RawInserts, int IngestEvents, int IngestClients, int Sequences, int Services, int Executors, int LatencySamples, int Apps, int WebhookTasks, int EvaluationSamples)
{
    public static BenchSettings Full { get; } = new(3000, 20000, 16, 3000, 100, 48, 500, 200, 3000, 300);

    public static BenchSettings Smoke { get; } = new(50, 200, 16, 30, 10, 16, 20, 20, 100, 10);
}
