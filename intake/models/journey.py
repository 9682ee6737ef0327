"""What happened to the person: recruitment, exploitation, and the debts and fees imposed."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from intake.encryption import EncryptedTextField
from intake.models.reference import ControlMethod
from intake.money import amount_text
from intake.vocabularies import (
    CryptoAsset,
    DebtImposer,
    DebtKind,
    ForcedLabourIndicator,
    ForcedLabourIndustry,
    Payer,
    Platform,
    RelationToRecruiter,
    Seller,
    validate_currency,
)


class Recruitment(models.Model):
    """How the person was recruited and brought to the compound (HTCDS vic_ and hte_ Recruitment)."""

    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="recruitments")
    channel = models.ForeignKey(
        "intake.RecruitmentChannel",
        verbose_name=_("channel"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recruitments",
    )
    platform = models.CharField(_("platform or app"), max_length=24, choices=Platform.choices, blank=True)
    relation_to_recruiter = models.CharField(
        _("relation to recruiter"), max_length=16, choices=RelationToRecruiter.choices, blank=True
    )
    promised_job = models.CharField(_("promised job"), max_length=200, blank=True)
    promised_employer = models.CharField(_("promised employer"), max_length=200, blank=True)
    promised_salary_amount = models.DecimalField(
        _("promised monthly salary"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    promised_salary_currency = models.CharField(
        _("salary currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    recruited_on = models.DateField(_("recruited on"), null=True, blank=True)
    origin_place = EncryptedTextField(_("recruited in (place)"), max_length=200, blank=True)  # a home village
    origin_country = CountryField(_("recruited in (country)"), blank=True)
    transit_countries = CountryField(_("transit countries"), multiple=True, blank=True)
    crossing_point = models.CharField(_("border crossing into the compound"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["recruited_on", "id"]
        verbose_name = _("recruitment")
        constraints = [
            models.CheckConstraint(
                condition=Q(promised_salary_amount__isnull=True) | Q(promised_salary_amount__gt=0),
                name="recruitment_salary_positive",
                violation_error_message=_("The promised salary must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(promised_salary_amount__isnull=True, promised_salary_currency="")
                | (Q(promised_salary_amount__isnull=False) & ~Q(promised_salary_currency="")),
                name="recruitment_salary_has_currency",
                violation_error_message=_("Give the promised salary together with its currency."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.channel or _("Recruitment"))


class Exploitation(models.Model):
    """One episode of the person's exploitation: where, how, and whether they were sold on.

    A person's story is an ordered chain of episodes (`position` 0, 1, 2, ...): each sale to
    another compound ends one episode and starts the next. The episode a person was sold on
    from says who sold them and for how much; the debts that arose in an episode point to it.
    HTCDS vic_ and hte_ Exploitation.
    """

    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="exploitations")
    position = models.PositiveSmallIntegerField(_("order in the chain"), default=0)
    compound = models.ForeignKey(
        "intake.Compound",
        verbose_name=_("compound"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exploitations",
    )
    company = models.CharField(_("company inside the compound"), max_length=200, blank=True)
    country = CountryField(
        _("country"), blank=True, help_text=_("Where the compound is, when it is not listed.")
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    types = models.ManyToManyField(
        "intake.ExploitationType", verbose_name=_("type of exploitation"), blank=True, related_name="+"
    )
    forced_labour_industry = models.CharField(
        _("industry of forced labour"), max_length=48, choices=ForcedLabourIndustry.choices, blank=True
    )
    # HTCDS multiselect values (intake.vocabularies.SexExploitationType); empty when none recorded.
    sex_exploitation_types = models.JSONField(_("type of sexual exploitation"), default=list, blank=True)
    hours_per_day = models.PositiveSmallIntegerField(_("hours worked per day"), null=True, blank=True)
    methods_of_control = models.ManyToManyField(
        "intake.ControlMethod", verbose_name=_("methods of control"), blank=True, related_name="+"
    )
    # The sale that ended this episode: the next episode is where the person was taken.
    sold_on = models.BooleanField(_("sold on to another compound"), default=False)
    sold_by = models.CharField(_("sold on by"), max_length=32, choices=Seller.choices, blank=True)
    sale_price_amount = models.DecimalField(
        _("sale price"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    sale_price_currency = models.CharField(
        _("sale price currency"), max_length=3, blank=True, validators=[validate_currency]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "started_on", "id"]
        verbose_name = _("exploitation episode")
        verbose_name_plural = _("exploitation episodes")
        indexes = [models.Index(fields=["compound"]), models.Index(fields=["person", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="exploitation_dates_in_order",
                violation_error_message=_("The end date is before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__isnull=True) | Q(hours_per_day__gte=1, hours_per_day__lte=24),
                name="exploitation_hours_in_a_day",
                violation_error_message=_("Hours per day must be between 1 and 24."),
            ),
            models.CheckConstraint(
                condition=Q(sale_price_amount__isnull=True) | Q(sale_price_amount__gt=0),
                name="exploitation_sale_price_positive",
                violation_error_message=_("The sale price must be more than zero."),
            ),
            models.CheckConstraint(
                condition=Q(sale_price_amount__isnull=True, sale_price_currency="")
                | (Q(sale_price_amount__isnull=False) & ~Q(sale_price_currency="")),
                name="exploitation_sale_price_has_currency",
                violation_error_message=_("Give the sale price together with its currency."),
            ),
            models.CheckConstraint(
                condition=Q(sold_on=True) | (Q(sold_by="") & Q(sale_price_amount__isnull=True)),
                name="exploitation_sale_needs_sold_on",
                violation_error_message=_(
                    "Who sold the person on, or the price, needs the episode marked as sold on."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.compound or _("Exploitation"))

    @property
    def place_country(self):
        """The country of the episode: as recorded, or the compound's."""
        if self.country:
            return self.country
        return self.compound.country if self.compound_id else self.country


def chain_control_methods(person):
    """The methods of control of every one of the person's episodes, each once."""
    return ControlMethod.objects.filter(
        pk__in=Exploitation.methods_of_control.through.objects.filter(exploitation__person=person).values(
            "controlmethod_id"
        )
    ).order_by("id")


class IndicatorObservation(models.Model):
    """One of the ILO's eleven indicators of forced labour, observed in an exploitation, with notes."""

    exploitation = models.ForeignKey(Exploitation, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField(_("indicator"), max_length=40, choices=ForcedLabourIndicator.choices)
    notes = EncryptedTextField(_("notes"), blank=True)  # what was observed, about the person: encrypted

    class Meta:
        verbose_name = _("forced labour indicator")
        constraints = [
            models.UniqueConstraint(
                fields=["exploitation", "indicator"],
                name="indicator_once_per_exploitation",
                violation_error_message=_("This indicator is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return self.get_indicator_display()


class Debt(models.Model):
    """A debt or fee imposed on the person: an introduction price, a resale, a "contract termination" fee."""

    person = models.ForeignKey("intake.Person", on_delete=models.CASCADE, related_name="debts")
    # The episode the debt arose in (a resale price, in the episode the buyer held the person).
    exploitation = models.ForeignKey(
        Exploitation,
        verbose_name=_("episode"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="debts",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=DebtKind.choices)
    # Decimal, never float: amounts are added up and converted, and must not drift.
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=6)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("ISO 4217 code, e.g. CNY, USD, THB."),
    )
    crypto_asset = models.CharField(
        _("crypto asset"),
        max_length=8,
        choices=CryptoAsset.choices,
        blank=True,
        help_text=_("Instead of a currency, when the amount was demanded in crypto."),
    )
    imposed_by = models.CharField(_("imposed by"), max_length=32, choices=DebtImposer.choices, blank=True)
    incurred_on = models.DateField(_("date"), null=True, blank=True)
    is_paid = models.BooleanField(_("paid"), default=False)
    paid_by = models.CharField(_("paid by"), max_length=16, choices=Payer.choices, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["incurred_on", "id"]
        verbose_name = _("debt or fee")
        verbose_name_plural = _("debts and fees")
        indexes = [models.Index(fields=["kind", "currency"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="debt_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
            models.CheckConstraint(
                condition=(~Q(currency="") & Q(crypto_asset="")) | (Q(currency="") & ~Q(crypto_asset="")),
                name="debt_currency_or_crypto",
                violation_error_message=_("Give either a currency or a crypto asset."),
            ),
            models.CheckConstraint(
                condition=Q(is_paid=True) | (Q(paid_on__isnull=True) & Q(paid_by="")),
                name="debt_paid_details_need_paid",
                violation_error_message=_("A payment date or payer needs the debt marked as paid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {amount_text(self.amount, self.unit)}"

    @property
    def unit(self) -> str:
        """The currency code or crypto asset the amount is in."""
        return self.currency or self.crypto_asset
