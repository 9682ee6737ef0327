"""Django's own words that our screens show, listed so that they are in our catalogue too.

Django translates these in its catalogues for Thai, Chinese, Vietnamese, Indonesian and Hindi,
but its Burmese catalogue has a few dozen entries and it has no Filipino at all: a Burmese or
Filipino page would show "This field is required." or "December" in English. Listed here, they
are extracted by `make messages` into locale/<ll>/LC_MESSAGES/django.po, which Django reads
before its own catalogues (LOCALE_PATHS), so every shipped language gets them from us.

Never imported: this module exists to be read by makemessages. The words must match Django's
exactly (same msgid, same context). tests/browser/test_languages.py finds any Django word left
in English on our screens; add it here.
"""

# ruff: noqa: RUF001 - Django writes apostrophes as curly quotes; a msgid must match exactly.
from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

FORM_ERRORS = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a list of values."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    gettext_noop("Please correct the duplicate values below."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("(Hidden field %(name)s) %(error)s"),
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."
    ),
    gettext_noop("This account is inactive."),
    gettext_noop("username"),
    gettext_noop("password"),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Unknown"),
    gettext_noop("Yes"),
    gettext_noop("No"),
]
FORM_ERRORS_COUNTED = [
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        "max",
    ),
    ngettext_lazy(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        "max",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]

# Dates as Django writes them (formats "F", "M", "N", "E", "l", "D"; "a.m." and "p.m.").
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
MONTHS_SHORT = [  # "M": lower case here, capitalised by Django
    gettext_noop("jan"),
    gettext_noop("feb"),
    gettext_noop("mar"),
    gettext_noop("apr"),
    gettext_noop("may"),
    gettext_noop("jun"),
    gettext_noop("jul"),
    gettext_noop("aug"),
    gettext_noop("sep"),
    gettext_noop("oct"),
    gettext_noop("nov"),
    gettext_noop("dec"),
]
MONTHS_ABBREVIATED = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]
MONTHS_ALTERNATIVE = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
WEEKDAYS = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("Mon"),
    gettext_noop("Tue"),
    gettext_noop("Wed"),
    gettext_noop("Thu"),
    gettext_noop("Fri"),
    gettext_noop("Sat"),
    gettext_noop("Sun"),
]
TIMES = [
    gettext_noop("p.m."),
    gettext_noop("a.m."),
    gettext_noop("PM"),
    gettext_noop("AM"),
    gettext_noop("midnight"),
    gettext_noop("noon"),
]
# naturaltime / timesince ("3 days ago"), for the waiting times of queues and inboxes.
TIME_SPANS = [
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
    gettext_noop(", "),
]

# The administrator's screens: the admin site's index, lists and change forms.
ADMIN = [
    gettext_noop("Site administration"),
    gettext_noop("Welcome,"),
    gettext_noop("View site"),
    gettext_noop("Documentation"),
    gettext_noop("Change password"),
    gettext_noop("Log out"),
    gettext_noop("Home"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("None available"),
    gettext_noop("Unknown content"),
    gettext_noop("Add"),
    gettext_noop("Change"),
    gettext_noop("View"),
    gettext_noop("Delete"),
    gettext_noop("History"),
    gettext_noop("Save"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save as new"),
    gettext_noop("Close"),
    gettext_noop("Search"),
    gettext_noop("Filter"),
    gettext_noop("Clear all filters"),
    gettext_noop("All"),
    gettext_noop("Go"),
    gettext_noop("Action:"),
    gettext_noop("Run the selected action"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Sidebar"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Date:"),
    gettext_noop("Time:"),
    gettext_noop("Currently:"),
    gettext_noop("Change:"),
    gettext_noop("Today"),
    gettext_noop("Any date"),
    gettext_noop("Past 7 days"),
    gettext_noop("This month"),
    gettext_noop("This year"),
    gettext_noop("No date"),
    gettext_noop("Has date"),
    gettext_noop("Show all"),
    gettext_noop("Page not found"),
    gettext_noop("We’re sorry, but the requested page could not be found."),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
]
ADMIN_COUNTED = [
    ngettext_lazy("%(counter)s result", "%(counter)s results", "counter"),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
]
