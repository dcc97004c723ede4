// Forwards every request to BareProxy:Destination (e.g. http://127.0.0.1:5000/) with YARP's defaults.
var builder = WebApplication.CreateBuilder(args);
var destination = builder.Configuration["BareProxy:Destination"]
    ?? throw new InvalidOperationException("BareProxy:Destination (the WebApi's base URL) is required.");
builder.Services.AddReverseProxy().LoadFromMemory(
    [new Yarp.ReverseProxy.Configuration.RouteConfig { RouteId = "all", ClusterId = "app", Match = new() { Path = "{**rest}" } }],
    [new Yarp.ReverseProxy.Configuration.ClusterConfig
    {
        ClusterId = "app",
        Destinations = new Dictionary<string, Yarp.ReverseProxy.Configuration.DestinationConfig>
        {
            ["app-1"] = new() { Address = destination },
        },
    }]);
var app = builder.Build();
app.MapReverseProxy();
app.Run();
