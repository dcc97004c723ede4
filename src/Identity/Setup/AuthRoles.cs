namespace LearningPlatform.Identity.Setup;

public static class AuthRoles
{
    public const string Learner = "learner";
    public const string Admin = "admin";
}
