namespace LearningPlatform.Application.Wallets;

public sealed class WalletOptions
{
    public const string Section = "Wallet";

    /// <summary>
    /// Coins a learner's wallet opens with (a DEMO_GRANT entry, once per learner), so the demo's paid exam can be tried.
    /// 0 (the default) in production: coins come from prizes only. <c>scripts/run.sh</c> sets it with the demo seed.
    /// </summary>
    public long DemoGrant { get; set; }
}
