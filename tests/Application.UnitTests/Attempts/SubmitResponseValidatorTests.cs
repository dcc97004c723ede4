using LearningPlatform.Application.Attempts;

namespace LearningPlatform.Application.UnitTests.Attempts;

public class SubmitResponseValidatorTests
{
    private readonly SubmitResponseValidator _validator = new();

    [Fact]
    public void Well_formed_answer_is_valid() =>
        _validator.Validate(new SubmitResponseRequest(Guid.NewGuid(), Guid.NewGuid(), 1_500)).IsValid.Should().BeTrue();

    [Fact]
    public void Empty_ids_and_negative_or_absurd_elapsed_are_field_errors()
    {
        var result = _validator.Validate(new SubmitResponseRequest(Guid.Empty, Guid.Empty, -1));
        result.Errors.Select(e => e.PropertyName).Should().BeEquivalentTo("QuestionId", "ChoiceId", "ElapsedMs");

        _validator.Validate(new SubmitResponseRequest(Guid.NewGuid(), Guid.NewGuid(), 86_400_001)).IsValid.Should().BeFalse();
    }
}
