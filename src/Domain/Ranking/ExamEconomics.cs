using LearningPlatform.Domain.Common;

namespace LearningPlatform.Domain.Ranking;

/// <summary>
/// An exam's money, in coins: fees collected from participants, the platform's rake (basis points of the fees,
/// rounded down), the prize pool (the fees after rake, or the guaranteed minimum if that is more) and what was paid out.
/// </summary>
public sealed record ExamEconomics(int Participants, long FeesCollected, long Rake, long PrizePool, long PaidOut)
{
    public static ExamEconomics Compute(int participants, long entryFee, int rakeBasisPoints, long guaranteedPool, long paidOut)
    {
        if (participants < 0 || entryFee < 0 || guaranteedPool < 0 || paidOut < 0 || rakeBasisPoints is < 0 or > 10_000)
        {
            throw RankingRuleErrors.EconomicsInvalid();
        }

        var fees = participants * entryFee;
        var rake = fees * rakeBasisPoints / 10_000;
        return new ExamEconomics(participants, fees, rake, Math.Max(guaranteedPool, fees - rake), paidOut);
    }
}
