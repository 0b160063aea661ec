using Bosun.Core.Dora;

namespace Bosun.Server.Dora;

/// <summary><c>GET /api/bosun/v1/dora</c>'s answer (DESIGN §7): the range and scope it covers, and the four figures.</summary>
internal sealed record DoraAnswer(
    string Project,
    string Stage,
    string? Service,
    string From,
    string To,
    DeploymentFrequency DeploymentFrequency,
    LeadTimeForChanges LeadTimeForChanges,
    ChangeFailureRate ChangeFailureRate,
    RecoveryTime FailedDeploymentRecoveryTime);
