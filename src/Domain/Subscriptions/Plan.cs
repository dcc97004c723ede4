namespace LearningPlatform.Domain.Subscriptions;

/// <summary>The stores a subscription can be bought in.</summary>
public enum Store
{
    Apple,
    Google,
}

/// <summary>
/// What a learner can buy: one store product per platform, granting one entitlement (<see cref="Premium"/>: premium
/// exams and lessons). A store transaction for a product no plan names is refused.
/// </summary>
public sealed class Plan
{
    public const string Premium = "premium";
    public const int MaxCodeLength = 64;
    public const int MaxProductIdLength = 200;

    private Plan()
    {
        Code = Name = Entitlement = string.Empty;
    }

    public string Code { get; private set; }
    public string Name { get; private set; }
    public string Entitlement { get; private set; }
    public string? AppleProductId { get; private set; }
    public string? GoogleProductId { get; private set; }

    public static Plan Create(string code, string name, string? appleProductId, string? googleProductId)
    {
        if (string.IsNullOrWhiteSpace(code) || code.Length > MaxCodeLength)
        {
            throw new ArgumentException($"A plan code is 1..{MaxCodeLength} characters.", nameof(code));
        }

        if (appleProductId is null && googleProductId is null)
        {
            throw new ArgumentException("A plan is sold in at least one store.", nameof(appleProductId));
        }

        return new Plan
        {
            Code = code,
            Name = name,
            Entitlement = Premium,
            AppleProductId = appleProductId,
            GoogleProductId = googleProductId,
        };
    }

    public string? ProductIdIn(Store store) => store switch
    {
        Store.Apple => AppleProductId,
        Store.Google => GoogleProductId,
        _ => null,
    };

    public bool Sells(Store store, string productId) => ProductIdIn(store) == productId;
}
