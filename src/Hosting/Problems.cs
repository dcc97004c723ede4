using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LearningPlatform.Hosting;

/// <summary>RFC 9457 ProblemDetails with the stable <c>code</c> every error of the platform carries.</summary>
public static class Problems
{
    public static ProblemDetails Create(int status, string code, string detail) => new()
    {
        Status = status,
        Title = code,
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    /// <summary>A ProblemDetails result, for filters and middleware that answer before any handler runs.</summary>
    public static IResult Result(int status, string code, string detail) =>
        TypedResults.Problem(Create(status, code, detail));
}
