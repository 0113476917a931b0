"""Settings of the browser test's own server until the lead mounts the list routes (helper C): the local settings
with the test URL module that mounts them."""

from config.settings.local import *  # noqa: F403

ROOT_URLCONF = "pamong.mobility.tests.lists_urls_for_tests"
