"""The risk pages: the register, the heat map, a risk and its forms, the settings."""
