using System.Text;
using Xunit.Abstractions;

namespace Bosun.EndToEnd.Tests;

/// <summary>A <see cref="TextWriter"/> onto xUnit's test output, one line a call (for drivers that log as they go).</summary>
public sealed class TestOutputWriter(ITestOutputHelper output) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value) => output.WriteLine(value ?? string.Empty);
}
