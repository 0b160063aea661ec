namespace Bosun.Storage;

/// <summary>
/// The unit of consistency (DESIGN §5): one service of a project, in every stage. Ordered ordinally, the order in
/// which a writer locks the scopes of a batch.
/// </summary>
public readonly record struct ScopeKey(string Project, string Service) : IComparable<ScopeKey>
{
    public int CompareTo(ScopeKey other)
    {
        var byProject = string.CompareOrdinal(Project, other.Project);
        return byProject != 0 ? byProject : string.CompareOrdinal(Service, other.Service);
    }

    public override string ToString() => $"{Project}/{Service}";
}
