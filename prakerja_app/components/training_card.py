"""A training as a card: title, platform, provider, price, format, rating."""

import reflex as rx

from prakerja_app import routes


def training_card(card) -> rx.Component:
    """A linked card for one training (a `catalogue.TrainingCard` var)."""
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.badge(card.platform, variant="soft"),
                    rx.badge(card.format_label, variant="outline", color_scheme="gray"),
                    wrap="wrap",
                ),
                rx.heading(card.title, size="3", as_="h2"),
                rx.text(card.provider, size="2", color="gray"),
                rx.hstack(
                    rx.text(card.price_label, weight="bold", color="var(--accent-11)"),
                    rx.spacer(),
                    rx.hstack(
                        rx.icon("star", size=14, aria_hidden="true"),
                        rx.text(card.rating_label, size="2"),
                        spacing="1",
                        align="center",
                        white_space="nowrap",
                        flex_shrink="0",
                        class_name="rating",
                    ),
                    width="100%",
                    align="center",
                ),
                rx.text(card.category_label, " · ", card.duration_label, size="1", color="gray"),
                spacing="2",
                align="start",
            ),
            height="100%",
            class_name="training-card",
        ),
        href=routes.CATALOGUE + "/" + card.code,
        underline="none",
        color="inherit",
    )
