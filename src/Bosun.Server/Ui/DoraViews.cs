using Bosun.Core.Dora;

namespace Bosun.Server.Ui;

/// <summary>A project's DORA page: the four figures of a stage over the last 30 days, and the same week by week.</summary>
public sealed record DoraView(string Project, string Stage, IReadOnlyList<string> Stages, string Service, IReadOnlyList<string> Services, DoraWeek Month, IReadOnlyList<DoraWeek> Weeks);

/// <summary>The figures of one range (a week, or the whole month).</summary>
public sealed record DoraWeek(DateTimeOffset From, DateTimeOffset To, DoraFigures Figures);
