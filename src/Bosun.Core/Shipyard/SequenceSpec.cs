namespace Bosun.Core.Shipyard;

public sealed record SequenceSpec(string Name, IReadOnlyList<TriggerSpec> TriggeredOn, IReadOnlyList<TaskSpec> Tasks);
