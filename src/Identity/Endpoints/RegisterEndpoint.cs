using FluentValidation;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Setup;
using LearningPlatform.Identity.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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
            .WithSummary("Create a learner account.")
            .WithDescription("Body {email, password, displayName}. displayName is the name leaderboards show (the token's name claim): 2 to 40 characters after surrounding spaces are dropped, one line, no control characters, direction overrides or '@'. 202 whether or not the address was taken; 400 validation.failed with errors per field.");

    private static async Task<Results<Accepted<RegisterAccepted>, ValidationProblem>> HandleAsync(
        RegisterRequest request, IValidator<RegisterRequest> validator, UserManager<AppUser> users, AuthDbContext db,
        IPasswordHasher<AppUser> hasher, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(RegisterEndpoint).FullName!);
        var validation = await validator.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            // The same shape as the LearningService's validation errors: field names as the JSON spells them.
            var errors = validation.Errors
                .GroupBy(e => JsonName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
            logger.LogInformation("Registration refused: validation.failed ({Fields})", string.Join(", ", errors.Keys));
            return TypedResults.ValidationProblem(
                errors, detail: "One or more fields are invalid.", title: "validation.failed",
                extensions: new Dictionary<string, object?> { ["code"] = "validation.failed" });
        }

        var email = EmailAddressRule.Normalize(request.Email);
        var candidate = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = DisplayNameRule.Normalize(request.DisplayName),
            CreatedAt = clock.GetUtcNow(),
        };
        if (await users.FindByEmailAsync(email) is not null)
        {
            hasher.HashPassword(candidate, request.Password!); // same work as a real sign-up
            logger.LogInformation("Registration for an existing address answered as accepted");
            return TypedResults.Accepted((string?)null, Accepted);
        }

        // The account and its role in one transaction: a failure between the two (the database going away) must not
        // leave an account without a role, which a retry would then find and leave as it is.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(candidate, request.Password!);
            if (created.Succeeded)
            {
                created = await users.AddToRoleAsync(candidate, AuthRoles.Learner);
            }
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent registration of the same address won the unique index; answered like any other.
            logger.LogInformation("Registration lost a race for an existing address; answered as accepted");
            return TypedResults.Accepted((string?)null, Accepted);
        }

        if (created.Succeeded)
        {
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Registered learner {UserId}", candidate.Id);
        }
        else
        {
            logger.LogInformation("Registration not created: {Errors}", string.Join("; ", created.Errors.Select(e => e.Code)));
        }

        return TypedResults.Accepted((string?)null, Accepted);
    }

    private static string JsonName(string property) =>
        string.IsNullOrEmpty(property) ? property : char.ToLowerInvariant(property[0]) + property[1..];
}
