from django import forms


class CertificateForm(forms.Form):
    name = forms.CharField(
        label="Name on the certificate",
        max_length=100,
        strip=True,
        help_text="As you want it shown to anyone you share the address with.",
        error_messages={"required": "Enter the name to print on the certificate."},
    )
