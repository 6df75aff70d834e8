"""Form fields with a label a screen reader reads and an error message next to the field.

Each field's error comes from a state's ``errors`` dict (field name -> message) and is
tied to the input with ``aria-describedby``, so it is read out with the field.
"""

import reflex as rx
from reflex.vars import Var

CONTROL_HEIGHT = "44px"  # a comfortable touch target


def field_error(name: str, errors: Var | None) -> rx.Component:
    """The message for one field, shown only when there is one."""
    if errors is None:
        return rx.fragment()
    return rx.cond(
        errors.contains(name),
        rx.text(errors[name], id=f"{name}-error", color="red", size="2", role="alert"),
    )


def _described(name: str, errors: Var | None, hint: str) -> dict:
    described = f"{name}-hint" if hint else ""
    if errors is None:
        return {"aria_describedby": described} if described else {}
    return {
        "aria_invalid": rx.cond(errors.contains(name), "true", "false"),
        "aria_describedby": rx.cond(
            errors.contains(name), f"{described} {name}-error".strip(), described
        ),
    }


def labelled(
    label: str, name: str, control: rx.Component, errors: Var | None, hint: str = ""
) -> rx.Component:
    """A label, an optional hint, the control and its error, stacked."""
    return rx.vstack(
        rx.el.label(label, html_for=name, font_weight="500"),
        rx.cond(hint != "", rx.text(hint, id=f"{name}-hint", size="2", color="gray")),
        control,
        field_error(name, errors),
        spacing="1",
        width="100%",
    )


def text_field(
    label: str,
    name: str,
    errors: Var | None,
    *,
    kind: str = "text",
    hint: str = "",
    default_value: Var | str = "",
    **props,
) -> rx.Component:
    """A labelled single-line input."""
    control = rx.input(
        id=name,
        name=name,
        type=kind,
        default_value=default_value,
        size="3",
        width="100%",
        **_described(name, errors, hint),
        **props,
    )
    return labelled(label, name, control, errors, hint)


def native_select(
    label: str,
    name: str,
    options: Var | list[tuple[str, str]],
    errors: Var,
    *,
    placeholder: str,
    value: Var | str | None = None,
    default_value: Var | str | None = None,
    **props,
) -> rx.Component:
    """A labelled native <select> (best on phones and with screen readers).

    Args:
        options: (value, label) pairs, as a list or a state var of lists.
    """
    items = (
        rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0]))
        if isinstance(options, Var)
        else [rx.el.option(text, value=code) for code, text in options]
    )
    extra = (
        {"value": value}
        if value is not None
        else {"default_value": "" if default_value is None else default_value}
    )
    control = rx.el.select(
        rx.el.option(placeholder, value=""),
        items,
        id=name,
        name=name,
        class_name="native-select",
        **extra,
        **_described(name, errors, ""),
        **props,
    )
    return labelled(label, name, control, errors)


def radio_group(
    label: str,
    name: str,
    options: list[tuple[str, str]],
    errors: Var,
    default_value: Var | str = "",
) -> rx.Component:
    """A fieldset of native radio buttons with a legend."""
    return rx.el.fieldset(
        rx.el.legend(label, font_weight="500"),
        rx.flex(
            *[
                rx.el.label(
                    rx.el.input(
                        type="radio",
                        name=name,
                        value=code,
                        default_checked=default_value == code,
                        class_name="choice-input",
                    ),
                    text,
                    class_name="choice",
                )
                for code, text in options
            ],
            wrap="wrap",
            gap="2",
        ),
        field_error(name, errors),
        id=name,
        class_name="choice-group",
        aria_describedby=rx.cond(errors.contains(name), f"{name}-error", ""),
    )


def checkbox(
    label: str, name: str, errors: Var, default_checked: Var | bool = False
) -> rx.Component:
    """A native checkbox with its whole sentence as the label."""
    return rx.vstack(
        rx.el.label(
            rx.el.input(
                type="checkbox",
                name=name,
                id=name,
                default_checked=default_checked,
                class_name="choice-input",
                aria_describedby=rx.cond(errors.contains(name), f"{name}-error", ""),
            ),
            rx.text(label, size="2"),
            class_name="choice statement",
        ),
        field_error(name, errors),
        spacing="1",
        width="100%",
    )


def form_message(message: Var) -> rx.Component:
    """A form-level refusal (not tied to one field)."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def step_form(
    title: str,
    *fields: rx.Component,
    message: Var,
    submit: rx.Component,
    on_submit,
    after: tuple[rx.Component, ...] = (),
    reset_on_submit: bool = False,
) -> rx.Component:
    """A form of one screen: its heading, the fields, the form-level refusal, the submit
    button and what comes after it; checked on the server only (``no_validate``)."""
    return rx.form(
        rx.vstack(
            rx.heading(title, size="5", as_="h2"),
            *fields,
            form_message(message),
            submit,
            *after,
            spacing="4",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=reset_on_submit,
        no_validate=True,
        width="100%",
    )


def submit_button(label: str, **props) -> rx.Component:
    """The full-width submit button of a form."""
    return rx.button(label, type="submit", size="3", width="100%", **props)
