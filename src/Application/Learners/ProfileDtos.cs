namespace LearningPlatform.Application.Learners;

/// <summary>The caller's profile: <see cref="DisplayName"/> is null while no name is known for them.</summary>
public sealed record ProfileDto(Guid LearnerId, string? DisplayName);
