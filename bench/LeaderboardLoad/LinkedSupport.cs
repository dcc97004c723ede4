namespace LearningPlatform.ResponseLoad;

/// <summary>
/// BenchTokenServer.cs is compiled into this project from bench/ResponseLoad; it reports a bad --authority with this
/// type, which bench/ResponseLoad defines in its BenchSetup.cs (not linked here: it needs the Infrastructure project).
/// </summary>
public sealed class BenchSetupException(string message) : Exception(message);
