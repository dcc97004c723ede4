using System.ComponentModel.DataAnnotations;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace LearningPlatform.Identity.Endpoints;

public sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

public sealed record RegisterAccepted(string Status, string Detail);

/// <summary>
/// Learner sign-up. Whether the e-mail address is already registered is never told: both cases answer the same 202
/// (and both hash a password, so they take about as long). Invalid input answers 400 with field errors before any lookup.
/// </summary>
internal static class RegisterEndpoint
{
    private static readonly RegisterAccepted Accepted = new(
        "accepted", "If this address was not registered yet, the account is ready: sign in with it.");

    public static void MapRegisterEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPost("/" + AuthServerSetup.Prefix + "register", HandleAsync)
            .WithName("Register")
            .WithSummary("Create a learner account.");

    private static async Task<Results<Accepted<RegisterAccepted>, ValidationProblem>> HandleAsync(
        RegisterRequest request, UserManager<AppUser> users, IPasswordHasher<AppUser> hasher, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(RegisterEndpoint).FullName!);
        var errors = new Dictionary<string, string[]>();
        var email = request.Email?.Trim() ?? string.Empty;
        if (email.Length is 0 or > 254 || !new EmailAddressAttribute().IsValid(email))
        {
            errors["email"] = ["A valid e-mail address is required."];
        }

        var candidate = new AppUser { UserName = email, Email = email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, request.Password ?? string.Empty);
            if (!result.Succeeded)
            {
                errors["password"] = [.. result.Errors.Select(e => e.Description)];
            }
        }

        if (request.DisplayName is { Length: > 100 })
        {
            errors["displayName"] = ["At most 100 characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "validation.failed",
                extensions: new Dictionary<string, object?> { ["code"] = "validation.failed" });
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            hasher.HashPassword(candidate, request.Password!); // same work as a real sign-up
            logger.LogInformation("Registration for an existing address answered as accepted");
            return TypedResults.Accepted((string?)null, Accepted);
        }

        candidate.DisplayName = request.DisplayName?.Trim();
        candidate.CreatedAt = DateTimeOffset.UtcNow;
        var created = await users.CreateAsync(candidate, request.Password!);
        if (created.Succeeded)
        {
            await users.AddToRoleAsync(candidate, AuthRoles.Learner);
            logger.LogInformation("Registered learner {UserId}", candidate.Id);
        }
        else
        {
            // A concurrent registration of the same address lands here; it is answered like any other.
            logger.LogInformation("Registration not created: {Errors}", string.Join("; ", created.Errors.Select(e => e.Code)));
        }

        return TypedResults.Accepted((string?)null, Accepted);
    }
}
