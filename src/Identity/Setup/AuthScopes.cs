namespace LearningPlatform.Identity.Setup;

public static class AuthScopes
{
    public const string App = "learning.app";
    public const string Admin = "learning.admin";
    public const string Jobs = "learning.jobs";
}
