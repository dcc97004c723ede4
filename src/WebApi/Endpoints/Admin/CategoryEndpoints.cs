using LearningPlatform.Application.Common;
using LearningPlatform.Application.QuestionBank;
using LearningPlatform.Hosting;
using LearningPlatform.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LearningPlatform.WebApi.Endpoints.Admin;

public sealed record CategoriesResponse(IReadOnlyList<CategoryDto> Categories);

/// <summary>The question bank's categories.</summary>
public static class CategoryEndpoints
{
    public static RouteGroupBuilder MapCategoryEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/categories", ListCategories)
            .WithName("ListCategories")
            .WithSummary("List question categories")
            .WithDescription("Categories by name (limit 1..100, default 50), each with its number of questions.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        admin.MapPost("/categories", CreateCategory)
            .WithName("CreateCategory")
            .WithSummary("Create a question category")
            .WithDescription("Body {\"name\": \"Geography\"} (1..100 characters, unique: 409 category.name_taken).")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapPut("/categories/{categoryId:guid}", RenameCategory)
            .WithName("RenameCategory")
            .WithSummary("Rename a question category")
            .WithDescription("Body {\"name\": \"...\"}; a name in use is 409 category.name_taken.")
            .WithValidation()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        admin.MapDelete("/categories/{categoryId:guid}", DeleteCategory)
            .WithName("DeleteCategory")
            .WithSummary("Delete an empty question category")
            .WithDescription("409 category.not_empty while questions or pools use it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    public static async Task<Ok<CategoriesResponse>> ListCategories([AsParameters] PageQuery page, ListCategories handler, CancellationToken ct) =>
        TypedResults.Ok(new CategoriesResponse(await handler.HandleAsync(page.Skip, page.Take(50), ct)));

    public static async Task<Created<CategoryDto>> CreateCategory(CategoryRequest request, HttpContext http, CreateCategory handler, CancellationToken ct)
    {
        var category = await handler.HandleAsync(request, http.User.UserId(), ct);
        return TypedResults.Created($"/api/learning/admin/categories/{category.Id}", category);
    }

    public static async Task<Ok<CategoryDto>> RenameCategory(
        Guid categoryId, CategoryRequest request, HttpContext http, RenameCategory handler, CancellationToken ct) =>
        TypedResults.Ok(await handler.HandleAsync(categoryId, request, http.User.UserId(), ct));

    public static async Task<NoContent> DeleteCategory(Guid categoryId, HttpContext http, DeleteCategory handler, CancellationToken ct)
    {
        await handler.HandleAsync(categoryId, http.User.UserId(), ct);
        return TypedResults.NoContent();
    }
}
