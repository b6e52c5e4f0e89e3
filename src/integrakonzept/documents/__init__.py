"""Documents that are printed or sent: press releases, invitations, sheets, QR, calendar."""
