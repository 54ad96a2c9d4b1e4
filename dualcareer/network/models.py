"""Networks, their member institutions and the institutions' contacts."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import TimeStampedModel


class Sector(models.TextChoices):
    """The kinds of organisation a Dual Career network brings together."""

    UNIVERSITY = "university", _("University")
    APPLIED_SCIENCES = "applied_sciences", _("University of applied sciences")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    MUSEUM = "museum", _("Museum")
    SCIENCE_NETWORK = "science_network", _("Science network")
    COMPANY = "company", _("Company")
    CHAMBER = "chamber", _("Chamber of commerce and industry")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic-development agency")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    REGIONAL_ASSOCIATION = "regional_association", _("Regional association")
    FOUNDATION = "foundation", _("Foundation or initiative")

    @classmethod
    def academic(cls) -> set[str]:
        """Sectors counted as universities and research institutes (for consent scopes)."""
        return {cls.UNIVERSITY, cls.APPLIED_SCIENCES, cls.RESEARCH_INSTITUTE, cls.MUSEUM}


class Institution(TimeStampedModel):
    """A member organisation: university, institute, company, chamber, agency …"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{5}$"),
                name="institution_postcode_five_digits",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="institution_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="institution_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (English name where one is set)."""
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def description(self) -> str:
        if get_language() == "en":
            return self.description_en or self.description_de
        return self.description_de or self.description_en

    @property
    def dual_career_contact(self) -> Contact | None:
        return self.contacts.filter(is_dual_career_contact=True).first()


class Contact(TimeStampedModel):
    """A named contact person of an institution (business data, shown to members)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_dual_career_contact = models.BooleanField(_("Dual Career contact"), default=False)

    class Meta:
        ordering = ["-is_dual_career_contact", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class Network(TimeStampedModel):
    """A Dual Career network, national or regional; a regional one may belong to a national one."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National network")
        REGIONAL = "regional", _("Regional network")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    coordinating_institution = models.ForeignKey(
        Institution,
        verbose_name=_("coordinated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_networks",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    members = models.ManyToManyField(
        Institution, through="NetworkMembership", related_name="networks"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="regional") | Q(parent__isnull=True),
                name="only_regional_networks_have_a_parent",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def description(self) -> str:
        if get_language() == "en":
            return self.description_en or self.description_de
        return self.description_de or self.description_en


class NetworkMembershipQuerySet(models.QuerySet["NetworkMembership"]):
    def current(self) -> NetworkMembershipQuerySet:
        """Memberships that have begun and not ended."""
        today = timezone.localdate()
        return self.filter(joined_on__lte=today).filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


class NetworkMembership(TimeStampedModel):
    """An institution's membership in a network, with its dates; kept after leaving."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "institution__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "institution"],
                condition=Q(left_on__isnull=True),
                name="one_open_membership_per_network",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} in {self.network}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.joined_on <= today and (self.left_on is None or self.left_on > today)
