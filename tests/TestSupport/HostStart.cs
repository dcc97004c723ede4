using Microsoft.AspNetCore.Mvc.Testing;

namespace LearningPlatform.TestSupport;

public static class HostStart
{
    /// <summary>
    /// Starts a host made by <paramref name="create"/>: null if it started, else what stopped it. WebApplicationFactory
    /// loses the start-up exception when the app has already disposed its failed host by the time the factory waits for
    /// it (an <see cref="ObjectDisposedException"/> instead); then the start is repeated, at most 5 times.
    /// </summary>
    public static Exception? FailureOf<TEntryPoint>(Func<WebApplicationFactory<TEntryPoint>> create)
        where TEntryPoint : class
    {
        for (var attempt = 1; ; attempt++)
        {
            using var instance = create();
            try
            {
                instance.CreateClient().Dispose();
                return null;
            }
            catch (ObjectDisposedException) when (attempt < 5)
            {
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
