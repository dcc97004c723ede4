namespace LearningPlatform.Application.Common;

/// <summary>Short-lived exclusive leases (Redis <c>SET NX PX</c>). Keys are given without the <c>lp:</c> prefix.</summary>
public interface IDistributedLocks
{
    /// <summary>Takes the lease, or returns null when someone else holds it. Disposing releases it if still ours.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a lease that is renewed in the background until disposed, or returns null when someone else holds it.
    /// <see cref="IRenewedLease.Lost"/> fires when a renewal fails: the holder must stop and roll back.
    /// </summary>
    Task<IRenewedLease?> TryAcquireRenewedAsync(string key, TimeSpan lease, CancellationToken cancellationToken);
}

public interface IRenewedLease : IAsyncDisposable
{
    CancellationToken Lost { get; }
}
