using System.Runtime.InteropServices;

namespace Bosun.Cli.Commands.Demo;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM as a cancellation, so the demo stops its hosts before it exits. System.CommandLine 2.0.0
/// leaves both signals to the runtime's default, which ends the process at once. A second signal, while stopping, still
/// ends it at once.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    private StopSignals(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _source.Token;

    public bool IsCancellationRequested => _source.IsCancellationRequested;

    public static StopSignals Catch(CancellationToken outer) => new(outer);

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }
        context.Cancel = true;
        // Not inline on the runtime's signal thread: the hosts stop on the thread pool.
        _ = _source.CancelAsync();
    }
}
