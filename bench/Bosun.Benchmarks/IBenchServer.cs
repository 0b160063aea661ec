namespace Bosun.Benchmarks;

/// <summary>What a scenario drives: one server process, or replicas behind a round-robin client.</summary>
internal interface IBenchServer : IAsyncDisposable
{
    HttpClient Client();
}
