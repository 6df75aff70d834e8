"""``python -m prakerja_app.partner_simulator --port 8070 [--callback-url URL]``: serve the
simulator on 127.0.0.1 with the keys of `prakerja_app.settings.partner_settings`."""

import argparse

import uvicorn

from prakerja_app.partner_simulator.app import create_app
from prakerja_app.settings import partner_settings


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and serve until stopped."""
    parser = argparse.ArgumentParser(prog="python -m prakerja_app.partner_simulator")
    parser.add_argument("--port", type=int, default=8070)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--callback-url", help="where to POST the signed notifications")
    args = parser.parse_args(argv)
    app = create_app(partner_settings(), args.callback_url)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
