namespace Bosun.Core.Shipyard;

public sealed record StageSpec(string Name, IReadOnlyList<SequenceSpec> Sequences)
{
    public const string EvaluationSequence = "evaluation";

    /// <summary>The named sequence, or the implicit <c>evaluation</c> sequence every stage has.</summary>
    public SequenceSpec? FindSequence(string name) =>
        Sequences.FirstOrDefault(s => s.Name == name)
        ?? (name == EvaluationSequence ? new SequenceSpec(EvaluationSequence, [], [new TaskSpec("evaluation", null, null)]) : null);
}
