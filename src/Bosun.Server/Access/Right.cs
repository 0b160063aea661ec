namespace Bosun.Server.Access;

/// <summary>What a call needs of its token's role (DESIGN §8): each right includes the ones before it.</summary>
public enum Right
{
    /// <summary>Read anything (every role).</summary>
    Read,

    /// <summary>Trigger, approve, control sequences, write resources and secrets (operator, admin).</summary>
    Operate,

    /// <summary>Tokens, projects and services (admin).</summary>
    Administer,
}
