namespace LearningPlatform.Application.Common;

/// <summary>
/// A text field that may hold line breaks and tabs (a notification's body). Every other text field refuses all control
/// characters (the one input rule, <c>LearningPlatform.Hosting.TextInput</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MultilineAttribute : Attribute;
