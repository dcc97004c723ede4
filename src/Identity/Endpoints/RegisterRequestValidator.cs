using FluentValidation;
using LearningPlatform.Hosting;
using LearningPlatform.Identity.Data;
using LearningPlatform.Identity.Validation;
using Microsoft.AspNetCore.Identity;

namespace LearningPlatform.Identity.Endpoints;

/// <summary>
/// Sign-up input: the e-mail rule (<see cref="EmailAddressRule"/>), ASP.NET Core Identity's password rules, the
/// display-name rule (<see cref="DisplayNameRule"/>), and no control characters in any field. A password is only hashed, never stored as text, but one with a control character
/// could never be used: the token endpoint refuses control characters in every parameter (a NUL cannot even be
/// form-encoded to it), so such an account could not sign in.
/// </summary>
internal sealed class RegisterRequestValidator : AbstractValidator<RegisterRequest>
{
    public RegisterRequestValidator(UserManager<AppUser> users)
    {
        RuleFor(r => r.Email).Custom((email, context) =>
        {
            if (EmailAddressRule.Check(email) is { } error)
            {
                context.AddFailure(error);
            }
        });

        RuleFor(r => r.Password).CustomAsync(async (password, context, _) =>
        {
            if (password is not null && TextInput.HasControlCharacter(password))
            {
                context.AddFailure(TextInput.ControlMessage);
                return;
            }

            var candidate = new AppUser { UserName = EmailAddressRule.Normalize(context.InstanceToValidate.Email) };
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, candidate, password ?? string.Empty);
                foreach (var error in result.Errors)
                {
                    context.AddFailure(error.Description);
                }
            }
        });

        RuleFor(r => r.DisplayName).Custom((name, context) =>
        {
            if (DisplayNameRule.Check(name) is { } error)
            {
                context.AddFailure(error);
            }
        });
    }
}
