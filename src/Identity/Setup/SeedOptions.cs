namespace LearningPlatform.Identity.Setup;

/// <summary>Accounts created at start-up when missing (the run script sets these; nothing is seeded by default).</summary>
public sealed class SeedOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string AdminDisplayName { get; set; } = "Demo Admin";
    public string? LearnerEmail { get; set; }
    public string? LearnerPassword { get; set; }
    public string LearnerDisplayName { get; set; } = "Demo Learner";
}
