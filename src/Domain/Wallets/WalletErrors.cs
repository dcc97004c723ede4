using LearningPlatform.Domain.Common;
using LearningPlatform.Domain.Rewards;

namespace LearningPlatform.Domain.Wallets;

public static class WalletErrors
{
    public static DomainException InsufficientFunds(long balance, long required) =>
        new("wallet.insufficient_funds", $"This needs {required} coins; your wallet holds {balance}.", DomainErrorKind.Conflict)
        {
            Extensions = new Dictionary<string, object?> { ["balance"] = balance, ["required"] = required },
        };

    public static DomainException InvalidMovement(long amount, CoinEntryReason reason) =>
        new("wallet.invalid_movement", $"{amount} coins is not a movement a wallet makes for {reason.ToUpperSnake()}.", DomainErrorKind.Invalid);
}
