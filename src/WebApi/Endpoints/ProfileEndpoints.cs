using LearningPlatform.Application.Learners;
using LearningPlatform.Domain.Learners;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints;

/// <summary>The learner's own profile: the display name leaderboards and the final screen show.</summary>
public static class ProfileEndpoints
{
    public static RouteGroupBuilder MapProfileEndpoints(this RouteGroupBuilder app)
    {
        app.MapGet("/profile", GetProfile)
            .WithName("GetProfile")
            .WithSummary("Get your profile")
            .WithDescription("Your learnerId and displayName: the name you chose, else your token's name (the one you registered with); null when none is known.");

        app.MapPut("/profile", UpdateProfile)
            .WithName("UpdateProfile")
            .WithSummary("Change your display name")
            .WithDescription($"Body {{displayName}}: {DisplayNameRule.MinLength}–{DisplayNameRule.MaxLength} characters after surrounding spaces are dropped, one line, no control characters, direction overrides or '@' (400 validation.failed naming displayName; nothing changes). The name is yours from now on: a token's name never replaces it. Leaderboards, /leaderboards/{{examId}}/me and the final screen show it at their next read (a final board's first 100 lines on other instances within 2 seconds).")
            .WithValidation();
        return app;
    }

    public static async Task<Ok<ProfileDto>> GetProfile(HttpContext http, GetProfile handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), http.User.TokenName(), ct));

    public static async Task<Ok<ProfileDto>> UpdateProfile(UpdateProfileRequest request, HttpContext http, UpdateProfile handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(http.User.UserId(), request, ct));
}
