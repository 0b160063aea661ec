namespace Bosun.Integrations.ArgoCd;

/// <summary>How an Argo CD API call failed (spec/argocd.md A1, "Errors").</summary>
public enum ArgoCdErrorKind
{
    /// <summary>400 "another operation is already in progress": wait and retry; Argo CD has no queue.</summary>
    OperationInProgress,

    /// <summary>400 for anything else: a bad request, auto-sync refusing a pinned revision or a rollback, an unknown history id.</summary>
    Rejected,

    /// <summary>401: no or a bad token.</summary>
    Unauthorized,

    /// <summary>403: RBAC, or an app looked up without <c>project=</c> that does not exist.</summary>
    PermissionDenied,

    /// <summary>403 "blocked by sync window".</summary>
    SyncWindow,

    /// <summary>404: the app is not there (or is in another project).</summary>
    NotFound,

    /// <summary>5xx, a timeout, or Argo CD not reachable.</summary>
    Unavailable,
}
