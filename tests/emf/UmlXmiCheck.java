// UmlXmiCheck.java - loads UML models and profiles with EMF's XMI loader.
//
// Debian has no Eclipse UML2 jars, so the UML metamodel is not available:
// EMF loads the documents at the XMI level, demand-creating the packages and
// features it meets (ExtendedMetaData), which still checks that the file is
// XMI EMF accepts: namespaces, xmi:type resolution, ids, and that every
// same-document reference (IDREF) resolves; tests/xmi_uml_check.py does the
// UML structural checks.  Usage: java UmlXmiCheck FILE...
import java.io.File;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.impl.EPackageRegistryImpl;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.util.BasicExtendedMetaData;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;

public final class UmlXmiCheck {
    private UmlXmiCheck() {}

    public static void main(String[] args) {
        int pass = 0, fail = 0;
        for (String path : args) {
            ResourceSet rs = new ResourceSetImpl();
            EPackage.Registry reg = new EPackageRegistryImpl(EPackage.Registry.INSTANCE);
            rs.setPackageRegistry(reg);
            rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("*", new XMIResourceFactoryImpl());
            Map<Object, Object> opts = rs.getLoadOptions();
            BasicExtendedMetaData meta = new BasicExtendedMetaData(reg);
            opts.put(XMLResource.OPTION_EXTENDED_META_DATA, meta);
            // the profile's definition refers to UML metaclasses EMF cannot load here
            // without the UML2 jars: read stereotype applications at the XMI level too
            String prof = "http://besser-pearl.org/nnc/profile/BESSER_NN";
            reg.put(prof, meta.demandPackage(prof));
            opts.put(XMLResource.OPTION_RECORD_UNKNOWN_FEATURE, Boolean.TRUE);
            try {
                Resource r = rs.getResource(URI.createFileURI(new File(path).getAbsolutePath()), true);
                int objects = 0;
                for (java.util.Iterator<EObject> it = r.getAllContents(); it.hasNext(); it.next())
                    objects++;
                boolean ok = r.getErrors().isEmpty() && objects > 0;
                for (Resource.Diagnostic e : r.getErrors())
                    System.out.println(path + ":" + e.getLine() + ": " + e.getMessage());
                System.out.println((ok ? "ok " : "FAIL ") + path + " (" + objects + " objects)");
                if (ok) pass++; else fail++;
            } catch (Exception e) {
                System.out.println("FAIL " + path + ": " + e.getMessage());
                fail++;
            }
        }
        System.out.println("EMF XMI level: " + pass + " passed, " + fail + " failed");
        System.exit(fail == 0 ? 0 : 1);
    }
}
