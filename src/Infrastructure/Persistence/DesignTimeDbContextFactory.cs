using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LearningPlatform.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running host or database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<LearningDbContext>
{
    public LearningDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<LearningDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=learning_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
